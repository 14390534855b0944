using System.IO.Compression;
using System.Net.Http.Headers;

namespace Portal.Web.Tests.Http;

/// <summary>Pages go out compressed when the browser asks (Brotli or gzip, over HTTPS too); static assets keep the build's
/// own pre-compressed copies and are never compressed twice.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class ResponseCompressionTests(DevelopmentPortal portal) : IClassFixture<DevelopmentPortal>
{
    [Theory]
    [InlineData("br", "http://localhost/")]
    [InlineData("gzip", "http://localhost/")]
    [InlineData("br", "https://portal.example/")]
    public async Task Page_AskedForCompression_IsServedCompressed_AndSmaller(string encoding, string origin)
    {
        var browser = await SignedInAsync(origin);
        var plain = await GetAsync(browser, "/requests", acceptEncoding: null);
        Assert.Equal(System.Net.HttpStatusCode.OK, plain.StatusCode);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();

        var compressed = await GetAsync(browser, "/requests", encoding);
        Assert.Equal(encoding, Assert.Single(compressed.Content.Headers.ContentEncoding));
        var compressedBytes = await compressed.Content.ReadAsByteArrayAsync();
        var html = Decompress(encoding, compressedBytes);
        Assert.Contains("</html>", html);
        Assert.True(compressedBytes.Length * 2 < plainBytes.Length,
            $"{encoding}: {compressedBytes.Length} bytes compressed against {plainBytes.Length} plain");
    }

    [Theory]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task StaticAsset_IsCompressedOnce(string path)
    {
        var browser = await SignedInAsync("http://localhost/");
        var plainResponse = await GetAsync(browser, path, acceptEncoding: null);
        Assert.Equal(System.Net.HttpStatusCode.OK, plainResponse.StatusCode);
        var plain = await plainResponse.Content.ReadAsStringAsync();

        var response = await GetAsync(browser, path, "br, gzip");
        var encoding = Assert.Single(response.Content.Headers.ContentEncoding);
        Assert.Equal(plain, Decompress(encoding, await response.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>A browser holding a session cookie (the page and the assets are for signed-in users).</summary>
    private async Task<HttpClient> SignedInAsync(string origin)
    {
        var signIn = await PortalHttpFactory.SignInAsync(portal.Browser(origin), "priya");
        var browser = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(origin) });
        browser.DefaultRequestHeaders.Add("Cookie", signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.session=")).Split(';')[0]);
        return browser;
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient browser, string path, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
            foreach (var e in acceptEncoding.Split(", ")) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(e));
        return browser.SendAsync(request);
    }

    private static string Decompress(string encoding, byte[] body)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"Unexpected Content-Encoding {encoding}"),
        };
        using var reader = new StreamReader(decoder);
        return reader.ReadToEnd();
    }
}
