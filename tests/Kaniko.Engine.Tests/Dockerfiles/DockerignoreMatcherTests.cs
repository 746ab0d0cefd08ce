using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

[TestClass]
public sealed class DockerignoreMatcherTests
{
    [TestMethod]
    [DataRow("*.md", "README.md", true)]
    [DataRow("*.md", "docs/a.md", false)]
    [DataRow("**/*.md", "docs/deep/a.md", true)]
    [DataRow("**/*.md", "README.md", true)]
    [DataRow("docs", "docs/a/b.txt", true)]
    [DataRow("docs/", "docs/x", true)]
    [DataRow("/docs", "docs/x", true)]
    [DataRow("/docs", "src/docs/x", false)]
    [DataRow("./docs", "docs", true)]
    [DataRow("?.txt", "a.txt", true)]
    [DataRow("?.txt", "ab.txt", false)]
    [DataRow("[ab].txt", "b.txt", true)]
    [DataRow("[ab].txt", "c.txt", false)]
    [DataRow("[^a].txt", "b.txt", true)]
    [DataRow("[a-c]*", "build/out", true)]
    [DataRow("*|!keep.txt", "keep.txt", false)]
    [DataRow("*|!keep.txt", "other.txt", true)]
    [DataRow("!keep.txt|*", "keep.txt", true)]
    [DataRow("bin|!bin/keep", "bin/keep", false)]
    [DataRow("bin|!bin/keep", "bin/keep/inner", false)]
    [DataRow("bin|!bin/keep", "bin/other", true)]
    [DataRow("bin/**|!bin/keep/**", "bin/keep/x", false)]
    [DataRow("*.log|!important.log|important.log", "important.log", true)]
    [DataRow("**", "a/b/c", true)]
    [DataRow("a/**/b", "a/b", true)]
    [DataRow("a/**/b", "a/x/y/b", true)]
    [DataRow("a/**/b", "a/x/c", false)]
    [DataRow("a/**", "a", false)]
    [DataRow("a/**", "a/x", true)]
    [DataRow("a/b", "a/b/c/d", true)]
    [DataRow("a/*", "a/x/y/z", true)]
    [DataRow("*.log", "dir.log/inner/x", true)]
    [DataRow("a/b", "a/bc/d", false)]
    [DataRow("x", "a/x/y", false)]
    [DataRow("./a//b/", "a/./b/c", true)]
    [DataRow("*/temp*", "root/temporary", true)]
    [DataRow("*/temp*", "root/sub/temp", false)]
    [DataRow("temp?", "tempA", true)]
    [DataRow("temp?", "temp/x", false)]
    [DataRow("\\*.txt", "*.txt", true)]
    [DataRow("\\*.txt", "a.txt", false)]
    [DataRow("a/../b", "b", true)]
    [DataRow(".git", ".git/HEAD", true)]
    [DataRow("node_modules", "src/node_modules", false)]
    [DataRow("**/node_modules", "src/node_modules/x/y.js", true)]
    [DataRow("*", "a/b", true)]
    [DataRow("!*.md", "a.md", false)]
    [DataRow("a.b", "axb", false)]
    [DataRow("dir/*", "dir/sub/file", true)]
    [DataRow("Dockerfile|.dockerignore", "Dockerfile", true)]
    [DataRow("  spaced.txt  ", "spaced.txt", true)]
    [DataRow("# comment.txt", "# comment.txt", false)]
    [DataRow("ö*", "öl", true)]
    [DataRow("a+(b)", "a+(b)", true)]
    [DataRow("**foo", "barfoo", true)]
    [DataRow("**/foo", "barfoo", false)]
    [DataRow("**/foo", "foo", true)]
    [DataRow("*", ".", false)]
    [DataRow("**", "", false)]
    public void IsExcluded_Path_FollowsMobyPatternMatcher(string patterns, string path, bool excluded)
    {
        var matcher = DockerignoreMatcher.Parse(patterns.Replace('|', '\n'), ".dockerignore");

        Assert.AreEqual(excluded, matcher.IsExcluded(path));
    }

    [TestMethod]
    [DataRow("ok\n!\n", 2, "\"!\"")]
    [DataRow("a\n\n[unclosed\n", 3, "\"[unclosed\"")]
    public void Parse_InvalidPattern_FailsWithLine(string text, int line, string what)
    {
        var error = Assert.ThrowsExactly<DockerfileException>(() => DockerignoreMatcher.Parse(text, "ctx/.dockerignore"));

        Assert.AreEqual(DockerfileErrorCode.InvalidIgnorePattern, error.Code);
        Assert.AreEqual(new SourceLocation("ctx/.dockerignore", line, 1), error.Location);
        StringAssert.Contains(error.Message, what);
    }

    [TestMethod]
    public void Parse_File_KeepsPatternsInOrderWithExceptions()
    {
        var matcher = DockerignoreMatcher.Parse("\uFEFF# comment\r\n/bin/\r\n!bin/keep\r\n\r\n**/*.tmp\r\n", ".dockerignore");

        Assert.AreEqual("bin !bin/keep **/*.tmp", string.Join(" ", matcher.Patterns.Select(p => (p.IsException ? "!" : "") + p.Pattern)));
    }
}
