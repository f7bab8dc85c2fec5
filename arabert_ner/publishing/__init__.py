"""Publishing: sharing models. The model card rendered from measured metrics (card) and the push to the
Hugging Face hub with licence checks (hub)."""
