package visualize

// Preview is the label text of a literal, exported for tests.
var Preview = preview
