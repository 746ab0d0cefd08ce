namespace Kaniko.Engine.Tests;

[TestClass]
public sealed class TerminalTextTests
{
    [TestMethod]
    [DataRow("plain text", false, "plain text")]
    [DataRow("tab\tstays", false, "tab\tstays")]
    [DataRow("\u001b[31mred\u001b[0m", false, "\\x1b[31mred\\x1b[0m")]
    [DataRow("bell\u0007 back\b cr\r nul\0 del\u007f", false, "bell\\x07 back\\x08 cr\\x0d nul\\x00 del\\x7f")]
    [DataRow("c1 csi\u009b", false, "c1 csi\\x9b")]
    [DataRow("one\ntwo", false, "one\\x0atwo")]
    [DataRow("one\ntwo\r", true, "one\ntwo\\x0d")]
    public void Escape_ControlCharacters_BecomeHexEscapes(string text, bool keepLineFeeds, string expected)
    {
        Assert.AreEqual(expected, TerminalText.Escape(text, keepLineFeeds));
    }

    [TestMethod]
    public void KanikoException_Message_KeepsLineFeedsButNoOtherControl()
    {
        var error = new KanikoException("KANIKO0000", "first \u001b]0;title\u0007\nsecond");

        Assert.AreEqual("first \\x1b]0;title\\x07\nsecond", error.Message);
    }
}
