"""The question bank: questions, versions, answer-key corrections, imports and provision suggestions."""
