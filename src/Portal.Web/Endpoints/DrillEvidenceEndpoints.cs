using System.Globalization;
using System.Text;
using Portal.Application.Common;
using Portal.Application.Features.Recovery.Drills;

namespace Portal.Web.Endpoints;

/// <summary>The drill evidence CSV for auditors: authorized by the <see cref="GetDrillEvidence"/> use case like the printable page
/// (another tenant's namespace is "not found"), for the signed-in user (the fallback policy requires one).</summary>
public static class DrillEvidenceEndpoints
{
    public static string Path(Guid namespaceId) => $"/api/namespaces/{namespaceId}/drills/evidence.csv";

    public static void MapDrillEvidenceEndpoints(this WebApplication app) =>
        app.MapGet("/api/namespaces/{id:guid}/drills/evidence.csv", async (Guid id, string? from, string? to, GetDrillEvidence evidence, CancellationToken ct) =>
        {
            if (Period.Parse(from, to, out var start, out var end) is { } bad) return Results.BadRequest(bad);
            var result = await evidence.HandleAsync(new GetDrillEvidenceQuery(id, start, end), ct);
            if (!result.IsSuccess) return ToHttp(result.Error!);
            var csv = DrillEvidenceCsv.Write(result.Value!);
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8",
                DrillEvidenceCsv.FileName(result.Value!));
        });

    private static IResult ToHttp(Error error) => error.Kind switch
    {
        ErrorKind.NotFound => Results.NotFound(error.Message),
        ErrorKind.Forbidden => Results.Json(new { error = error.Message }, statusCode: StatusCodes.Status403Forbidden),
        ErrorKind.Validation => Results.BadRequest(error.Message),
        _ => Results.Problem(error.Message, statusCode: StatusCodes.Status503ServiceUnavailable),
    };
}

/// <summary>The report's period as typed in the address (yyyy-MM-dd, both optional; "to" includes its whole day): refused in words
/// when not a date or backwards, never guessed.</summary>
public static class Period
{
    public static string? Parse(string? from, string? to, out DateTimeOffset? start, out DateTimeOffset? end)
    {
        start = end = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (!DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f))
                return $"'from' must be a date as yyyy-MM-dd (it is '{from}').";
            start = new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        if (!string.IsNullOrWhiteSpace(to))
        {
            if (!DateOnly.TryParseExact(to.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                return $"'to' must be a date as yyyy-MM-dd (it is '{to}').";
            end = new DateTimeOffset(t.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        }
        return start > end ? "The period starts after it ends." : null;
    }
}
