"""The OOXML layer: the only package that knows WordprocessingML names and namespace URIs."""
