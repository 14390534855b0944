using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Web.Tests.Http;

/// <summary>The real portal in memory (TestServer) on a SQLite database in a temp folder, with the development sign-in and
/// without the demo. Environment variables, because Program reads configuration before the host is built; every HTTP test
/// class shares one collection so no two portals read them at once.</summary>
public abstract class PortalHttpFactory : WebApplicationFactory<Program>
{
    private readonly string _environment;
    public string DataFolder { get; } = Directory.CreateTempSubdirectory("portal-http-").FullName;

    protected PortalHttpFactory(string environment, IReadOnlyDictionary<string, string>? extra = null)
    {
        _environment = environment;
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(DataFolder, "portal.db")}",
            ["Demo__Enabled"] = "false",
            ["Authentication__DevelopmentSignIn__Enabled"] = "true",
            ["DataProtection__Certificate__Path"] = null,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) settings[k] = v;
        foreach (var (k, v) in settings) Environment.SetEnvironmentVariable(k, v);
        _ = Server; // start now, while the variables are ours
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment(_environment);

    public HttpClient Browser(string baseAddress = "http://localhost/") =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });

    /// <summary>Signs in through the development sign-in form, as a browser would (token from the page).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string returnUrl = "/")
    {
        var token = await AntiforgeryTokenAsync(browser, "/account/signin");
        return await browser.PostAsync("/auth/dev-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["user"] = user, ["returnUrl"] = returnUrl,
        }));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page);
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success, $"No antiforgery token on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed class DevelopmentPortal() : PortalHttpFactory("Development");

/// <summary>Production, with the key-ring certificate a deployment mounts (a PEM pair, as a Kubernetes TLS Secret gives).</summary>
public sealed class ProductionPortal() : PortalHttpFactory("Production", new Dictionary<string, string>
{
    ["DataProtection__Certificate__Path"] = MakePem().Cert,
    ["DataProtection__Certificate__KeyPath"] = MakePem().Key,
})
{
    private static (string Cert, string Key)? _pem;

    internal static (string Cert, string Key) MakePem()
    {
        if (_pem is { } made) return made;
        var folder = Directory.CreateTempSubdirectory("portal-cert-").FullName;
        using var rsa = RSA.Create(2048);
        using var cert = new CertificateRequest("CN=portal key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var c = Path.Combine(folder, "tls.crt");
        var k = Path.Combine(folder, "tls.key");
        File.WriteAllText(c, cert.ExportCertificatePem());
        File.WriteAllText(k, rsa.ExportPkcs8PrivateKeyPem());
        _pem = (c, k);
        return _pem.Value;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PortalHttpCollection
{
    public const string Name = "portal over HTTP";
}
