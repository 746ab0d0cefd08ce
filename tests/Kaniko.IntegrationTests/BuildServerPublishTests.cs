using System.Text.RegularExpressions;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// <c>dotnet publish</c> builds in the Kaniko build server, a process that outlives MSBuild and
/// serves the next publish: the same one while it lives, a new one after it was killed, none when
/// <c>KanikoBuildServer=false</c>; every way gives the same image.
/// </summary>
[TestClass]
public sealed partial class BuildServerPublishTests
{
    [TestMethod]
    public async Task Publish_IsServedByOneLongLivedServer_ANewOneAfterAKill_AndInProcessWhenOptedOut()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntime]);
        using var sample = SampleProject.Copy("ConsoleApp");
        string[] publish = ["-c", "Release", "-p:KanikoPublish=true", "-p:KanikoIncremental=false", "-v:d",
            $"-p:ContainerRegistry={registry.Host}", $"-p:ContainerBaseImage={registry.Host}/{BaseImages.RepositoryAndTag(BaseImage.DotnetRuntime)}"];

        var first = await sample.DotnetAsync("publish", publish);
        var server = ServerProcess(first);
        var second = await sample.DotnetAsync("publish", publish);
        var secondServer = ServerProcess(second);
        server.Process.Kill();
        await server.Process.WaitForExitAsync();
        var third = await sample.DotnetAsync("publish", publish);
        var thirdServer = ServerProcess(third);
        var inProcess = await sample.DotnetAsync("publish", [.. publish, "-p:KanikoBuildServer=false"]);
        thirdServer.Process.Kill();

        Assert.AreEqual(server.Address, secondServer.Address, "one environment, one server");
        Assert.AreEqual(server.Process.Id, secondServer.Process.Id, "the server outlived the first publish and served the second");
        Assert.AreEqual(server.Address, thirdServer.Address);
        Assert.AreNotEqual(server.Process.Id, thirdServer.Process.Id, "a killed server is replaced");
        Assert.AreEqual(0, inProcess.ExitCode, inProcess.StandardOutput);
        Assert.IsFalse(ServedBy().IsMatch(inProcess.StandardOutput), "KanikoBuildServer=false builds in MSBuild's process");
        var digests = new[] { first, second, third, inProcess }.Select(r => PublishTests.BuiltDigest().Match(r.StandardOutput).Groups[1].Value).ToList();
        Assert.AreEqual(1, digests.Distinct().Count(), string.Join(", ", digests));
        StringAssert.StartsWith(digests[0], "sha256:");
    }

    private static (string Address, System.Diagnostics.Process Process) ServerProcess(ProcessResult publish)
    {
        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput + publish.StandardError);
        var match = ServedBy().Match(publish.StandardOutput);
        Assert.IsTrue(match.Success, "the publish names its build server: " + publish.StandardOutput);
        var address = match.Groups[1].Value;
        var pid = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Single(pid => Contains(pid!, address));
        return (address, System.Diagnostics.Process.GetProcessById(int.Parse(pid!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static bool Contains(string pid, string address)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(address);
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"Built by the Kaniko build server at (\S+)")]
    private static partial Regex ServedBy();
}
