package bench

// Exported for the external tests.
var (
	BlobTree  = blobTree
	BlobSplit = blobSplit
	CheckBlob = checkBlob

	BlobSplitBeside = blobSplitBeside
	SplitAt         = splitAt
)
