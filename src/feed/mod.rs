//! Feed bytes → a parsed document that keeps the line and column of every element and attribute.
