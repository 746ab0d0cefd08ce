using Kaniko.Engine.Publishing;

namespace Kaniko.Engine.Tests.Publishing;

[TestClass]
public sealed class PublishFolderModesTests
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Regular = (UnixFileMode)0b110_100_100;

    [TestMethod]
    public void Normalize_GivesElfFilesAndScripts0755_AndEverythingElse0644_WhateverTheyHad()
    {
        var folder = Directory.CreateTempSubdirectory("kaniko-modes-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "de"));
            File.SetUnixFileMode(Path.Combine(folder, "de"), (UnixFileMode)0b111_000_000);
            Write(folder, "App", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1], 0b110_000_000);
            Write(folder, "libnative.so", [0x7F, (byte)'E', (byte)'L', (byte)'F'], 0b111_100_100);
            Write(folder, "run.sh", "#!/bin/sh\n"u8.ToArray(), 0b110_110_110);
            Write(folder, "App.dll", [(byte)'M', (byte)'Z', 0, 0], 0b111_100_100);
            Write(folder, Path.Combine("de", "App.resources.dll"), [(byte)'M', (byte)'Z'], 0b110_110_000);
            Write(folder, "empty.txt", [], 0b111_111_111);

            PublishFolderModes.Normalize(folder);

            Assert.AreEqual(Executable, File.GetUnixFileMode(Path.Combine(folder, "de")));
            Assert.AreEqual(Executable, File.GetUnixFileMode(Path.Combine(folder, "App")));
            Assert.AreEqual(Executable, File.GetUnixFileMode(Path.Combine(folder, "libnative.so")));
            Assert.AreEqual(Executable, File.GetUnixFileMode(Path.Combine(folder, "run.sh")));
            Assert.AreEqual(Regular, File.GetUnixFileMode(Path.Combine(folder, "App.dll")), "NuGet extracts assemblies 0744");
            Assert.AreEqual(Regular, File.GetUnixFileMode(Path.Combine(folder, "de", "App.resources.dll")));
            Assert.AreEqual(Regular, File.GetUnixFileMode(Path.Combine(folder, "empty.txt")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Write(string folder, string name, byte[] content, int mode)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
    }
}
