namespace Kaniko.Engine.Layers;

/// <summary>
/// Orders in-layer paths component by component (as if "/" sorted before every other character),
/// so a directory comes before its children and its children stay together: "a", "a/b", "a-b".
/// </summary>
internal sealed class LayerPathComparer : IComparer<string>
{
    public static readonly LayerPathComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b)
            {
                continue;
            }

            if (a == '/')
            {
                return -1;
            }

            if (b == '/')
            {
                return 1;
            }

            return a.CompareTo(b);
        }

        return x.Length.CompareTo(y.Length);
    }
}
