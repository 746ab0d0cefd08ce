using System.Formats.Tar;
using System.Runtime.Versioning;
using System.Text;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>
/// Archives GNU tar and System.Formats.Tar write in every format they know, extracted by us and
/// (for GNU's) by GNU tar; the trees must agree.
/// </summary>
[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class TarArchiveReaderInteropTests
{
    private static readonly string LongDirectory = string.Join('/', Enumerable.Repeat("a-long-directory-name", 6));

    [TestMethod]
    [DataRow("v7")]
    [DataRow("ustar")]
    [DataRow("gnu")]
    [DataRow("posix")]
    [DataRow("posix --sparse --sparse-version=0.0")]
    [DataRow("posix --sparse --sparse-version=0.1")]
    [DataRow("posix --sparse --sparse-version=1.0")]
    [DataRow("gnu --sparse")]
    public void GnuTarArchive_ExtractsAsGnuTarExtractsIt(string format)
    {
        using var work = new TestFolder();
        var tree = work.Combine("tree");
        var script = new StringBuilder($"mkdir -p {Q(tree)} && cd {Q(tree)}")
            .Append(" && mkdir -m 1777 tmp && printf tool > tool && chmod 4755 tool && ln tool tool-link && ln -s tool current")
            .Append(" && truncate -s 3M sparse && printf middle | dd of=sparse bs=1 seek=1500000 conv=notrunc status=none")
            .Append(" && printf tail >> sparse && touch -d @1600000000.123456789 tool");
        if (!format.StartsWith("v7", StringComparison.Ordinal))
        {
            script.Append(" && mkfifo -m 600 pipe");
        }

        if (format.StartsWith("gnu", StringComparison.Ordinal) || format.StartsWith("posix", StringComparison.Ordinal))
        {
            script.Append(" && mkdir -p " + LongDirectory + " && printf deep > " + LongDirectory + "/" + new string('f', 120))
                .Append(" && ln -s ../" + LongDirectory + "/" + new string('f', 120) + " tmp/deep-link");
        }

        var archive = work.Combine("archive.tar");
        ExternalCommand.Bash(script.Append(" && tar --format=" + format + " --numeric-owner -cf " + Q(archive) + " .").ToString());
        var expected = work.Combine("expected");
        Directory.CreateDirectory(expected);
        ExternalCommand.Bash($"tar -xpf {Q(archive)} -C {Q(expected)}");
        var root = work.Combine("root");

        LayerExtractor.ExtractAsync(File.OpenRead(archive), root).GetAwaiter().GetResult();

        Assert.AreEqual(Inventory(expected), Inventory(root));
        if (format.Contains("sparse", StringComparison.Ordinal))
        {
            Assert.IsLessThan(1000, FileBlocks(Path.Join(root, "sparse")), "holes stay holes");
        }
    }

    [TestMethod]
    public void GnuTarPosixArchive_KeepsFractionalMtimesAndXattrs()
    {
        Assert.IsTrue(Environment.IsPrivilegedProcess, "the tests run as root (build/test does): security.* xattrs need it");

        using var work = new TestFolder();
        var file = work.WriteFile("tree/ping", "ping");
        Assert.IsTrue(UnixSystemCalls.TrySetExtendedAttribute(file, "user.origin", "kaniko"u8));
        Assert.IsTrue(UnixSystemCalls.TrySetExtendedAttribute(file, "security.capability", [1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        var archive = work.Combine("archive.tar");
        ExternalCommand.Bash($"cd {Q(work.Combine("tree"))} && touch -d @1600000000.123456789 ping"
            + $" && tar --format=posix --xattrs --xattrs-include='*' -cf {Q(archive)} ping");
        var root = work.Combine("root");

        LayerExtractor.ExtractAsync(File.OpenRead(archive), root).GetAwaiter().GetResult();

        var extracted = Path.Join(root, "ping");
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000).AddTicks(1_234_567), FileStatus.Read(extracted).ModificationTime);
        CollectionAssert.AreEqual("kaniko"u8.ToArray(), UnixSystemCalls.GetExtendedAttribute(extracted, "user.origin"));
        CollectionAssert.AreEqual(UnixSystemCalls.GetExtendedAttribute(file, "security.capability"), UnixSystemCalls.GetExtendedAttribute(extracted, "security.capability"));
    }

    [TestMethod]
    public void GnuTarArchive_WithBase256Owner_IsRead()
    {
        using var work = new TestFolder();
        work.WriteFile("tree/owned", "owned");
        var archive = work.Combine("archive.tar");
        ExternalCommand.Bash($"cd {Q(work.Combine("tree"))} && tar --format=gnu --owner=:3000000 --group=:3000001 -cf {Q(archive)} owned");
        Assert.AreEqual(0x80, File.ReadAllBytes(archive)[108], "GNU tar wrote the uid in base-256");
        var root = work.Combine("root");

        LayerExtractor.ExtractAsync(File.OpenRead(archive), root).GetAwaiter().GetResult();

        if (Environment.IsPrivilegedProcess)
        {
            var status = FileStatus.Read(Path.Join(root, "owned"));
            Assert.AreEqual((3_000_000, 3_000_001), (status.Uid, status.Gid));
        }

        Assert.AreEqual("owned", File.ReadAllText(Path.Join(root, "owned")));
    }

    [TestMethod]
    [DataRow(TarEntryFormat.V7)]
    [DataRow(TarEntryFormat.Ustar)]
    [DataRow(TarEntryFormat.Pax)]
    [DataRow(TarEntryFormat.Gnu)]
    public void SystemFormatsTarArchive_IsReadInEveryFormat(TarEntryFormat format)
    {
        using var work = new TestFolder();
        var longName = format is TarEntryFormat.Pax or TarEntryFormat.Gnu ? LongDirectory + "/" + new string('f', 120) : "dir/file";
        var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, format, leaveOpen: true))
        {
            writer.WriteEntry(Entry(format, TarEntryType.Directory, "dir/", 0x1ED));
            writer.WriteEntry(Entry(format, TarEntryType.RegularFile, longName, 0x9ED, "content"));
            var link = Entry(format, TarEntryType.SymbolicLink, "dir/link", 0x1FF);
            link.LinkName = "/" + longName;
            writer.WriteEntry(link);
            var hard = Entry(format, TarEntryType.HardLink, "dir/hard", 0x1A4);
            hard.LinkName = longName;
            writer.WriteEntry(hard);
        }

        archive.Position = 0;
        var root = work.Combine("root");

        LayerExtractor.ExtractAsync(archive, root).GetAwaiter().GetResult();

        Assert.AreEqual("content", File.ReadAllText(Path.Join(root, longName)));
        Assert.AreEqual((UnixFileMode)0x9ED, File.GetUnixFileMode(Path.Join(root, longName)));
        Assert.AreEqual("/" + longName, new FileInfo(Path.Join(root, "dir/link")).LinkTarget);
        Assert.AreEqual(2, FileStatus.Read(Path.Join(root, "dir/hard")).LinkCount);
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), FileStatus.Read(Path.Join(root, "dir/hard")).ModificationTime);
    }

    private static TarEntry Entry(TarEntryFormat format, TarEntryType type, string name, int mode, string? content = null)
    {
        TarEntry entry = format switch
        {
            TarEntryFormat.V7 => new V7TarEntry(type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : type, name),
            TarEntryFormat.Ustar => new UstarTarEntry(type, name),
            TarEntryFormat.Pax => new PaxTarEntry(type, name),
            _ => new GnuTarEntry(type, name),
        };
        entry.Mode = (UnixFileMode)mode;
        entry.ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);
        if (content is not null)
        {
            entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        }

        return entry;
    }

    private static long FileBlocks(string path) => long.Parse(ExternalCommand.Bash($"stat -c %b {Q(path)}").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Q(string value) => ExternalCommand.Quote(value);

    private static string Inventory(string directory) =>
        ExternalCommand.Bash(
            $"cd {Q(directory)} && find . -mindepth 1 -printf '%P %y %m %U:%G %n %s %l\\n' | sort"
            + " && find . -type f -print0 | sort -z | xargs -0 -r sha256sum"
            + " && find . -mindepth 1 -not -type d -printf '%P %TY-%Tm-%Td %TH:%TM:%.10TS\\n' | sort");
}
