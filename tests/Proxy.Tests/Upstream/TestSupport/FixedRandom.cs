namespace Proxy.Tests.Upstream.TestSupport;

/// <summary>A Random whose 64-bit draws are given by the test (Envoy tests mock random() the same way).</summary>
internal sealed class FixedRandom : Random
{
    private readonly Queue<long> _values;

    public FixedRandom(params long[] values) => _values = new Queue<long>(values);

    public override long NextInt64() => _values.Count > 1 ? _values.Dequeue() : _values.Peek();
}
