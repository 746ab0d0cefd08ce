using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

[TestClass]
public sealed class ShellWordExpanderTests
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["A"] = "a",
        ["EMPTY"] = string.Empty,
        ["SPACE"] = "x y",
        ["PATH"] = "/usr/bin",
        ["A_b"] = "underscore",
        ["FILE"] = "archive.tar.gz",
        ["DIR"] = "/usr/local/lib/app",
        ["STAR"] = "a*b",
        ["REPEAT"] = "banana",
        ["VERSION"] = "1.2.3-beta",
    };

    [TestMethod]
    [DataRow("$A", "a")]
    [DataRow("${A}", "a")]
    [DataRow("pre${A}post", "preapost")]
    [DataRow("$A_b", "underscore")]
    [DataRow("$A-b", "a-b")]
    [DataRow("$A.b", "a.b")]
    [DataRow("$UNSET", "")]
    [DataRow("${UNSET}x", "x")]
    [DataRow("${UNSET:-def}", "def")]
    [DataRow("${EMPTY:-def}", "def")]
    [DataRow("${EMPTY-def}", "")]
    [DataRow("${UNSET-def}", "def")]
    [DataRow("${A:-def}", "a")]
    [DataRow("${A-def}", "a")]
    [DataRow("${A:+alt}", "alt")]
    [DataRow("${A+alt}", "alt")]
    [DataRow("${EMPTY:+alt}", "")]
    [DataRow("${EMPTY+alt}", "alt")]
    [DataRow("${UNSET+alt}", "")]
    [DataRow("${UNSET:+alt}", "")]
    [DataRow("${UNSET:-${A}x}", "ax")]
    [DataRow("${UNSET:-$A}", "a")]
    [DataRow("${UNSET:-${UNSET2:-deep}}", "deep")]
    [DataRow("${UNSET:-\"q  w\"}", "q  w")]
    [DataRow("${UNSET:-'$A'}", "$A")]
    [DataRow("${A:-x\\}y}", "a")]
    [DataRow("${UNSET:-x\\}y}", "x}y")]
    [DataRow("${UNSET:-}", "")]
    [DataRow("${A:?}", "a")]
    [DataRow("${A?msg}", "a")]
    [DataRow("${EMPTY?}", "")]
    [DataRow("${FILE#*.}", "tar.gz")]
    [DataRow("${FILE##*.}", "gz")]
    [DataRow("${FILE%.*}", "archive.tar")]
    [DataRow("${FILE%%.*}", "archive")]
    [DataRow("${DIR#/usr/}", "local/lib/app")]
    [DataRow("${DIR##*/}", "app")]
    [DataRow("${DIR%/*}", "/usr/local/lib")]
    [DataRow("${FILE#nomatch}", "archive.tar.gz")]
    [DataRow("${FILE%?z}", "archive.tar.")]
    [DataRow("${STAR#a\\*}", "b")]
    [DataRow("${STAR#a*}", "*b")]
    [DataRow("${UNSET#x}", "")]
    [DataRow("${VERSION%%-*}", "1.2.3")]
    [DataRow("${VERSION#$A}", "1.2.3-beta")]
    [DataRow("${REPEAT/an/AN}", "bANana")]
    [DataRow("${REPEAT//an/AN}", "bANANa")]
    [DataRow("${REPEAT/a*/X}", "bX")]
    [DataRow("${REPEAT//a/}", "bnn")]
    [DataRow("${REPEAT/n}", "baana")]
    [DataRow("${REPEAT/xyz/Q}", "banana")]
    [DataRow("${VERSION//./_}", "1_2_3-beta")]
    [DataRow("${UNSET/a/b}", "")]
    [DataRow("${PATH}:/opt/bin", "/usr/bin:/opt/bin")]
    [DataRow("'$A'", "$A")]
    [DataRow("\"$A\"", "a")]
    [DataRow("\"${A}\"", "a")]
    [DataRow("\"'$A'\"", "'a'")]
    [DataRow("'\"$A\"'", "\"$A\"")]
    [DataRow("'a\\b'", "a\\b")]
    [DataRow("\\$A", "$A")]
    [DataRow("\\${A}", "${A}")]
    [DataRow("\"\\$A\"", "$A")]
    [DataRow("\"a\\b\"", "a\\b")]
    [DataRow("\"a\\\\b\"", "a\\b")]
    [DataRow("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [DataRow("\\\"", "\"")]
    [DataRow("\\'", "'")]
    [DataRow("a\\ b", "a b")]
    [DataRow("a\\\\b", "a\\b")]
    [DataRow("a b", "a b")]
    [DataRow("$", "$")]
    [DataRow("a$", "a$")]
    [DataRow("$ A", "$ A")]
    [DataRow("$1", "")]
    [DataRow("$@x", "x")]
    [DataRow("\"\"", "")]
    [DataRow("a\\", "a")]
    [DataRow("\"$SPACE\"", "x y")]
    [DataRow("${A}${A}$A", "aaa")]
    [DataRow("ö$A", "öa")]
    public void Expand_Word_FollowsBuildKitShellLexer(string word, string expected)
    {
        Assert.AreEqual(expected, ShellWordExpander.Expand(word, Environment));
    }

    [TestMethod]
    [DataRow("`$A", "$A")]
    [DataRow("c:\\dir\\$A", "c:\\dir\\a")]
    [DataRow("\"`\"\"", "\"")]
    [DataRow("a` b", "a b")]
    [DataRow("\"c:\\$A\"", "c:\\a")]
    public void Expand_WithBacktickEscape_TreatsBackslashAsText(string word, string expected)
    {
        Assert.AreEqual(expected, ShellWordExpander.Expand(word, Environment, '`'));
    }

    [TestMethod]
    [DataRow("a b  c", "a|b|c")]
    [DataRow("  a\tb  ", "a|b")]
    [DataRow("\"a b\" c", "a b|c")]
    [DataRow("$SPACE z", "x|y|z")]
    [DataRow("\"$SPACE\" z", "x y|z")]
    [DataRow("pre$SPACE", "prex|y")]
    [DataRow("${SPACE}post", "x|ypost")]
    [DataRow("a\\ b", "a b")]
    [DataRow("a \"\" b", "a|b")]
    [DataRow("''", "")]
    [DataRow("${UNSET:-a b}", "a|b")]
    [DataRow("'a  b'c d", "a  bc|d")]
    [DataRow("$EMPTY", "")]
    [DataRow("80/tcp $A", "80/tcp|a")]
    public void ExpandAndSplit_Text_SplitsOnUnquotedWhitespace(string text, string expected)
    {
        Assert.AreEqual(expected, string.Join("|", ShellWordExpander.ExpandAndSplit(text, Environment)));
    }

    [TestMethod]
    [DataRow("'abc", "matching single-quote")]
    [DataRow("\"abc", "matching double-quote")]
    [DataRow("\"abc\\\"", "matching double-quote")]
    [DataRow("${A", "syntax error: missing '}'")]
    [DataRow("${", "syntax error: missing '}'")]
    [DataRow("${UNSET:-abc", "syntax error: missing '}'")]
    [DataRow("${A:=x}", "unsupported modifier (:=)")]
    [DataRow("${A:#x}", "unsupported modifier (:#)")]
    [DataRow("${A:%x}", "unsupported modifier (:%)")]
    [DataRow("${A^}", "unsupported modifier (^)")]
    [DataRow("${}", "bad substitution")]
    [DataRow("${:-x}", "bad substitution")]
    [DataRow("${{A}}", "bad substitution")]
    [DataRow("${UNSET:?must be set}", "UNSET: must be set")]
    [DataRow("${UNSET?}", "UNSET: is not allowed to be unset")]
    [DataRow("${UNSET:?}", "UNSET: is not allowed to be unset")]
    [DataRow("${EMPTY:?}", "EMPTY: is not allowed to be empty")]
    [DataRow("${EMPTY:?give it}", "EMPTY: give it")]
    [DataRow("${A#\\x}", "invalid escape '\\x'")]
    [DataRow("${A/b", "syntax error: missing '}'")]
    public void Expand_InvalidWord_FailsWithCode(string word, string what)
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => ShellWordExpander.Expand(word, Environment));

        Assert.AreEqual("KANIKO3010", error.Code);
        StringAssert.Contains(error.Message, what);
    }
}
