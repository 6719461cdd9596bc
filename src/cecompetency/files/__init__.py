"""Files: safe, located YAML and JSON reading, the JSON Schemas and checks, the codec between
documents and model objects, atomic writes, and the registry of framework files.
"""
