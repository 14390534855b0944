using System.Globalization;
using System.Text;
using Portal.Application.Features.Requests.List;

namespace Portal.Api.Endpoints;

/// <summary>The opaque cursor of the request list: the last row's creation time and how many rows of that time were seen.</summary>
internal static class Cursors
{
    public static string After(IReadOnlyList<RequestSummary> page, RequestCursor? previous)
    {
        var last = page[^1].CreatedAt;
        var seen = page.Count(r => r.CreatedAt == last) + (previous is not null && previous.CreatedAt == last ? previous.SeenAtThatTime : 0);
        var text = string.Create(CultureInfo.InvariantCulture, $"{last.UtcTicks}.{seen}");
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static RequestCursor? Parse(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split('.');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seen)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || seen < 1) return null;
            return new RequestCursor(new DateTimeOffset(ticks, TimeSpan.Zero), seen);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
