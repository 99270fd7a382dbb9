"""How long browsers keep static files (whitenoise's WHITENOISE_ADD_HEADERS_FUNCTION, see settings)."""

ONE_YEAR = 365 * 24 * 60 * 60


def cache_for_a_year(headers, path: str, url: str) -> None:
    """A file with a content hash in its name is kept for a year, never revalidated: a new version has
    another name. whitenoise marks exactly those files immutable (with ten years); others keep its max-age."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
