using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Infrastructure;

[TestClass]
public sealed class RegistryServerTests
{
    [TestMethod]
    public async Task Plain_AnswersV2WithOk()
    {
        await using var registry = await RegistryServer.StartAsync();

        using var client = new HttpClient(registry.CreateHttpMessageHandler());
        using var response = await client.GetAsync(new Uri(registry.BaseUri, "v2/"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(new Uri($"http://{registry.Host}/"), registry.BaseUri);
        Assert.IsTrue(registry.Host.StartsWith("127.0.0.1:", StringComparison.Ordinal), registry.Host);
        Assert.IsNull(registry.CaCertificatePath);
    }

    [TestMethod]
    public async Task Tls_AnswersV2_WhenTheClientTrustsOnlyItsCertificate()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(UseTls: true));

        Assert.AreEqual("https", registry.BaseUri.Scheme);
        Assert.IsTrue(File.Exists(registry.CaCertificatePath));
        using var client = new HttpClient(registry.CreateHttpMessageHandler());
        using var response = await client.GetAsync(new Uri(registry.BaseUri, "v2/"));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    public async Task Tls_IsRejected_ByAClientThatTrustsOnlyTheMachineStore()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(UseTls: true));

        using var client = new HttpClient();
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => client.GetAsync(new Uri(registry.BaseUri, "v2/")));
    }

    [TestMethod]
    public async Task Auth_AnswersUnauthorizedWithoutCredentials_AndOkWithThem()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(Username: "tester", Password: "s3cret"));
        using var client = new HttpClient(registry.CreateHttpMessageHandler());
        var v2 = new Uri(registry.BaseUri, "v2/");

        using var anonymous = await client.GetAsync(v2);
        using var request = new HttpRequestMessage(HttpMethod.Get, v2);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("tester:s3cret")));
        using var authenticated = await client.SendAsync(request);

        Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, authenticated.StatusCode);
    }

    [TestMethod]
    public async Task TwoRegistriesStartedAtOnce_ListenOnDifferentPorts()
    {
        var starting = new[] { RegistryServer.StartAsync(), RegistryServer.StartAsync() };
        var registries = await Task.WhenAll(starting);
        try
        {
            Assert.AreNotEqual(registries[0].Host, registries[1].Host);
        }
        finally
        {
            foreach (var registry in registries)
            {
                await registry.DisposeAsync();
            }
        }
    }

    [TestMethod]
    public async Task Dispose_StopsTheRegistry()
    {
        var registry = await RegistryServer.StartAsync();
        var v2 = new Uri(registry.BaseUri, "v2/");

        await registry.DisposeAsync();

        using var client = new HttpClient();
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => client.GetAsync(v2));
    }

    [TestMethod]
    public async Task Options_WithUsernameButNoPassword_AreRejected()
    {
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => RegistryServer.StartAsync(new RegistryServerOptions(Username: "tester")));
    }
}
