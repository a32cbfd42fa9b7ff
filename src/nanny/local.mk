# src/nanny
