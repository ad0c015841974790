using System.Text.RegularExpressions;
using Proxy.Http.ConnectionManager;

namespace Proxy.Tests.Http;

public sealed partial class RequestIdsTests
{
    [Fact]
    public void GeneratedIdsAreVersion4UuidsAndStayDistinctAcrossBufferRefills()
    {
        // 256 ids per refill: 1,000 ids cross three refills on this thread.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            var id = RequestIds.Next();
            Assert.Matches(Version4Uuid(), id);
            Assert.True(seen.Add(id), $"id {i} repeats an earlier one: {id}");
        }
    }

    [Fact]
    public async Task ThreadsDrawFromTheirOwnBuffersWithoutSharingIds()
    {
        var perThread = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var ids = new List<string>();
            for (var i = 0; i < 300; i++)
            {
                ids.Add(RequestIds.Next());
            }

            return ids;
        })));

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Version4Uuid();
}
