using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Portal.Web.Hosting;

/// <summary>Pages, API answers and whatever else the portal writes (HTML, JSON, CSS, JS) are compressed with Brotli or gzip
/// when the browser asks: a page is 30-42 KB of HTML uncompressed. Static files are not touched here: MapStaticAssets
/// serves the build's pre-compressed copies with their own Content-Encoding, and the middleware leaves any response that
/// already has one alone. Blazor's WebSocket frames do not pass through it.
/// <para>Over HTTPS too (<c>ResponseCompression:EnableForHttps</c>, on by default), which is where the portal runs. The BREACH
/// risk is a secret in a compressed body next to text an attacker controls; the portal's secrets in pages change on every
/// response (antiforgery request tokens and Blazor's component descriptors are freshly protected each time), the session
/// cookie is never in a body, and credentials are never rendered back. An operator who wants no compression of dynamic
/// pages over HTTPS sets it to false.</para></summary>
public static class ResponseCompressionSetup
{
    public const string Section = "ResponseCompression";

    public static void AddPortalResponseCompression(this WebApplicationBuilder builder)
    {
        var enableForHttps = builder.Configuration.GetValue($"{Section}:EnableForHttps", true);
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = enableForHttps;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            // The defaults: text/html, CSS, JavaScript, JSON, XML, plain text. Images and fonts are compressed already.
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes;
        });
        // Fastest: pages are written per request, and the CPU is better spent rendering than on the last few percent.
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
    }
}
