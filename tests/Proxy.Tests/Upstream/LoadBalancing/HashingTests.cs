using System.Text;
using Proxy.Hashing;
using Proxy.Upstream.LoadBalancing.Hashing;

namespace Proxy.Tests.Upstream.LoadBalancing;

/// <summary>Reference values from libxxhash 0.8.1 (XXH64) and libstdc++'s std::_Hash_bytes with Envoy's seed.</summary>
public sealed class HashingTests
{
    [Theory]
    [InlineData("", 0UL, 0xef46db3751d8e999UL)]
    [InlineData("a", 0UL, 0xd24ec4f1a98c6e5bUL)]
    [InlineData("abc", 0UL, 0x44bc2cf5ad770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0UL, 0xfbcea83c8a378bf1UL)]
    [InlineData("10.0.0.1:80_0", 0UL, 0x75041381e7371a08UL)]
    [InlineData("10.0.0.1:80", 1UL, 0xa456919bcbffaa92UL)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789", 7UL, 0x9cdb6129259b938eUL)]
    public void XxHash64MatchesTheReference(string text, ulong seed, ulong expected)
    {
        Assert.Equal(expected, XxHash64.Hash(text, seed));
        Assert.Equal(expected, XxHash64.Hash(Encoding.UTF8.GetBytes(text), seed));
    }

    [Theory]
    [InlineData("", 0x553e93901e462a6eUL)]
    [InlineData("a", 0x454ddee488c1ed6bUL)]
    [InlineData("abc", 0x32d82bf8ed3dba39UL)]
    [InlineData("10.0.0.1:80_0", 0xbd8f6461ecffb28cUL)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789", 0xe399958c7a030ba7UL)]
    public void MurmurHash2MatchesStdHashBytes(string text, ulong expected)
    {
        Assert.Equal(expected, MurmurHash2.Hash(text));
    }

    [Fact]
    public void LongStringsUseAPooledBuffer()
    {
        var text = new string('x', 1000);
        Assert.Equal(XxHash64.Hash(Encoding.UTF8.GetBytes(text)), XxHash64.Hash(text));
        Assert.Equal(MurmurHash2.Hash(Encoding.UTF8.GetBytes(text)), MurmurHash2.Hash(text));
    }
}
