# src/tools: small admin tools.
