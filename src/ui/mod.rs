//! The Yew layer (placeholder while the core lands).
