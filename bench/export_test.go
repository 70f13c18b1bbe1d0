package bench

// BlobTree is blobTree for tests.
var BlobTree = blobTree
