using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
public sealed class LayerPathComparerTests
{
    [TestMethod]
    [DataRow("a", "a/b", -1)]
    [DataRow("a/b", "a-b", -1)]
    [DataRow("a/b", "a.b", -1)]
    [DataRow("a/z", "a0", -1)]
    [DataRow("b", "a/b", 1)]
    [DataRow("a/b", "a/b", 0)]
    [DataRow("A", "a", -1)]
    [DataRow("a/b/c", "a/b", 1)]
    public void Compare_SortsParentsBeforeChildrenAndKeepsChildrenTogether(string x, string y, int expected)
    {
        Assert.AreEqual(expected, Math.Sign(LayerPathComparer.Instance.Compare(x, y)));
        Assert.AreEqual(-expected, Math.Sign(LayerPathComparer.Instance.Compare(y, x)));
    }
}
