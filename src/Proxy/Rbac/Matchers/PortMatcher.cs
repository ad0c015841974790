namespace Proxy.Rbac.Matchers;

/// <summary><c>destination_port</c> (a range of one) and <c>destination_port_range</c> ([start, end)).</summary>
internal sealed class PortMatcher : RbacMatcher
{
    private readonly int _start;
    private readonly int _end;

    public PortMatcher(int start, int end)
    {
        _start = start;
        _end = end;
    }

    public override bool Matches(in RbacInput input) =>
        input.Local is { } local && local.Port >= _start && local.Port < _end;
}
