using Kaniko.Engine.Commands;

namespace Kaniko.Engine.Tests.Commands;

[TestClass]
public sealed class ChmodSpecTests
{
    [TestMethod]
    [DataRow("0755", "644", false, "755")]
    [DataRow("u+x", "644", false, "744")]
    [DataRow("u+x,g-w", "664", false, "744")]
    [DataRow("a=r", "777", false, "444")]
    [DataRow("go-rwx", "755", false, "700")]
    [DataRow("+x", "600", false, "711")]
    [DataRow("a+X", "644", false, "644")]
    [DataRow("a+X", "744", false, "755")]
    [DataRow("a+X", "700", true, "711")]
    [DataRow("u+s", "755", false, "4755")]
    [DataRow("o+t", "755", true, "1755")]
    public void Apply_GivesChmodsResult(string spec, string before, bool isDirectory, string after)
    {
        var parsed = ChmodSpec.TryParse(spec)!;

        var mode = parsed.Apply((UnixFileMode)Convert.ToInt32(before, 8), isDirectory);

        Assert.AreEqual(after, Convert.ToString((int)mode, 8));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("8755")]
    [DataRow("77777")]
    [DataRow("u+q")]
    [DataRow("x+r")]
    [DataRow("u")]
    public void TryParse_NotAMode_IsNull(string spec) => Assert.IsNull(ChmodSpec.TryParse(spec));
}
