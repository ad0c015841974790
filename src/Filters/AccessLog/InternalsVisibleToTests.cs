using System.Runtime.CompilerServices;

// The access log tests await the background flush (AccessLogFile.LastFlush) instead of sleeping.
[assembly: InternalsVisibleTo("Filters.Tests")]
