/**
 * Files are read in chunks of this size. Small chunks keep the decoded text and the cells cut from it young, so
 * they die in V8's young generation. 500,000 rows on one thread with 1 MB chunks: 5.0 s of CPU and 300–350 MB
 * peak RSS; with 64 or 128 KB: 3.9 s and 190 MB. 128 KB of text also fills a whole parse piece (RecordSplitter
 * parses ≥ 64 K characters at a time), where 64 KB of non-ASCII text does not.
 */
export const FILE_CHUNK_BYTES = 128 * 1024;
