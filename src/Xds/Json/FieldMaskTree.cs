namespace Proxy.Xds.Json;

/// <summary>
/// The paths of a field mask (<c>a.b,c</c>, proto field names) as a tree. A node without children keeps the whole
/// field; a node with children keeps only those sub-fields. As in protobuf's FieldMaskTree, a path covers every
/// longer path under it (<c>a</c> and <c>a.b</c> is <c>a</c>).
/// </summary>
public sealed class FieldMaskTree
{
    private Dictionary<string, FieldMaskTree>? _children;

    /// <summary>The sub-fields to keep; empty means the whole field.</summary>
    public IReadOnlyDictionary<string, FieldMaskTree> Children =>
        _children ?? (IReadOnlyDictionary<string, FieldMaskTree>)EmptyChildren;

    private static readonly Dictionary<string, FieldMaskTree> EmptyChildren = [];

    public bool IsLeaf => _children is null;

    /// <summary>Parses comma-separated dotted paths (the form of Envoy's <c>?mask=</c> and of FieldMask in JSON, snake_case).</summary>
    public static FieldMaskTree Parse(string paths)
    {
        var root = new FieldMaskTree { _children = [] };
        foreach (var path in paths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            root.Add(path.Split('.', StringSplitOptions.RemoveEmptyEntries));
        }

        return root;
    }

    private void Add(string[] parts)
    {
        var node = this;
        for (var i = 0; i < parts.Length; i++)
        {
            if (node._children is null)
            {
                // Already covered by a shorter path.
                return;
            }

            if (!node._children.TryGetValue(parts[i], out var child))
            {
                child = new FieldMaskTree();
                if (i < parts.Length - 1)
                {
                    child._children = [];
                }

                node._children[parts[i]] = child;
            }
            else if (i == parts.Length - 1)
            {
                child._children = null;
            }

            node = child;
        }
    }

    /// <summary>The mask for <paramref name="field"/> under this node: null when the field is masked out, a leaf when kept whole.</summary>
    internal FieldMaskTree? For(string field) =>
        _children is null ? this : _children.GetValueOrDefault(field);
}
