using Envoy.Extensions.Filters.Http.Router.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Json;

namespace Proxy.Xds.Tests;

public sealed class AnyTypesTests
{
    private const string RouterType = "envoy.extensions.filters.http.router.v3.Router";

    [Fact]
    public void PackMatchesGoogleProtobufsPack()
    {
        var router = new Router { SuppressEnvoyHeaders = true };

        Assert.Equal(Any.Pack(router), AnyTypes.Pack(router, RouterType));
    }

    [Fact]
    public void UnpackComparesTheTypeNameAndParses()
    {
        var any = Any.Pack(new Router { SuppressEnvoyHeaders = true });

        Assert.True(AnyTypes.Unpack(any, Router.Parser, RouterType).SuppressEnvoyHeaders);
        Assert.True(AnyTypes.Is(any, RouterType));
        var e = Assert.Throws<ArgumentException>(() => AnyTypes.Unpack(any, Duration.Parser, "google.protobuf.Duration"));
        Assert.Equal($"expected google.protobuf.Duration, got type.googleapis.com/{RouterType}", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TypedStructIsTranscodedToItsType(bool xds)
    {
        var value = new Struct { Fields = { ["suppress_envoy_headers"] = Value.ForBool(true), ["respectExpectedRqTimeout"] = Value.ForBool(true) } };
        var any = xds
            ? Any.Pack(new global::Xds.Type.V3.TypedStruct { TypeUrl = "type.googleapis.com/" + RouterType, Value = value })
            : Any.Pack(new Udpa.Type.V1.TypedStruct { TypeUrl = "type.googleapis.com/" + RouterType, Value = value });

        var router = AnyTypes.Unpack(any, Router.Parser, RouterType);

        Assert.True(AnyTypes.IsTypedStruct(any));
        Assert.Equal(RouterType, AnyTypes.EffectiveTypeName(any));
        Assert.False(AnyTypes.Is(any, RouterType));
        Assert.True(router.SuppressEnvoyHeaders);
        Assert.True(router.RespectExpectedRqTimeout);
    }

    [Fact]
    public void TypedStructErrorsNameTheFieldUnderValue()
    {
        var any = Any.Pack(new Udpa.Type.V1.TypedStruct
        {
            TypeUrl = "type.googleapis.com/" + RouterType,
            Value = new Struct { Fields = { ["no_such_field"] = Value.ForNumber(1) } },
        });

        var e = Assert.Throws<ProtoJsonException>(() => AnyTypes.Unpack(any, Router.Parser, RouterType));

        Assert.Equal("value.no_such_field", e.Path);
    }

    [Fact]
    public void EffectiveTypeNameOfAPlainAnyIsItsOwn()
    {
        Assert.Equal("google.protobuf.Duration", AnyTypes.EffectiveTypeName(Any.Pack(new Duration())));
        Assert.Equal("a.b.C", AnyTypes.NameOf("type.googleapis.com/a.b.C"));
        Assert.Equal("a.b.C", AnyTypes.NameOf("a.b.C"));
    }

    [Fact]
    public void FieldMaskTreeCollapsesCoveredPaths()
    {
        var tree = FieldMaskTree.Parse("a.b, a ,c.d,c.e,");

        Assert.True(tree.Children["a"].IsLeaf);
        Assert.Equal(["d", "e"], tree.Children["c"].Children.Keys.Order());
    }
}
