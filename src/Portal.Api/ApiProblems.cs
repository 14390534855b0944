using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Application.Common;

namespace Portal.Api;

/// <summary>RFC 9457 problem details carrying the use cases' own words: a validation error names its field.</summary>
public static class ApiProblems
{
    public static IResult From(Error error)
    {
        var extensions = error.Href is { } href ? new Dictionary<string, object?> { ["href"] = href } : null;
        return error.Kind switch
        {
            ErrorKind.Validation when error.Field is { } field => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [error.Message] }, error.Message, title: "The request is not valid", extensions: extensions),
            ErrorKind.Validation => Problem(400, "The request is not valid", error.Message, extensions),
            ErrorKind.NotFound => Problem(404, "Not found", error.Message, extensions),
            ErrorKind.Forbidden => Problem(403, "Not allowed", error.Message, extensions),
            ErrorKind.Conflict => Problem(409, "Conflict", error.Message, extensions),
            _ => Problem(503, "Not available now", error.Message, extensions),
        };
    }

    public static IResult Field(string field, string message) => From(Error.Validation(message) with { Field = field });

    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>For the authentication handler and filters that answer before an endpoint runs.</summary>
    public static Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new ProblemDetails { Status = status, Title = title, Detail = detail }, (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json");
    }

    /// <summary>The answer of a use case: the value, or the problem.</summary>
    public static IResult Ok<T>(Result<T> result) => result.IsSuccess ? TypedResults.Ok(result.Value) : From(result.Error!);
}
