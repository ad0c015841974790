using System.Text;
using Proxy.Hashing;

namespace Proxy.Tests.Routing;

public sealed class XxHash64Tests
{
    // Expected values computed with the reference implementation (libxxhash 0.8.1, XXH64).
    [Theory]
    [InlineData("", 0UL, 0xef46db3751d8e999UL)]
    [InlineData("a", 0UL, 0xd24ec4f1a98c6e5bUL)]
    [InlineData("abc", 0UL, 0x44bc2cf5ad770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0UL, 0xfbcea83c8a378bf1UL)]
    [InlineData("xxhash", 20141025UL, 0xb559b98d844e0635UL)]
    [InlineData("0123456789abcdef0123456789abcdef0123", 0UL, 0xc4255ba3d1af5461UL)]
    [InlineData("10.0.0.1", 0UL, 0xed16cb68c786e3d7UL)]
    public void MatchesReferenceVectors(string input, ulong seed, ulong expected)
    {
        Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(input), seed));
        Assert.Equal(expected, XxHash64.Hash(input.AsSpan(), seed));
    }

    [Fact]
    public void HashesLongInputsThroughAllStripes()
    {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)i;
        }

        Assert.Equal(0x7b3bfcaac0348ac0UL, XxHash64.Hash(bytes));
        Assert.Equal(0x028ba1ae2de4de27UL, XxHash64.Hash(bytes.AsSpan(0, 100), 12345));
    }

    [Fact]
    public void TextLongerThanTheStackBufferHashesLikeItsBytes()
    {
        string text = new('x', 2000);
        Assert.Equal(XxHash64.Hash(Encoding.UTF8.GetBytes(text)), XxHash64.Hash(text.AsSpan()));
    }
}
