"""Human-readable reports of analyses."""
