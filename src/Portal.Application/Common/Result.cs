namespace Portal.Application.Common;

/// <summary>Expected failures of a use case, with a message written for the user.</summary>
public sealed record Error(ErrorKind Kind, string Message)
{
    /// <summary>Where the user can see what the message is about (the request already asked, say); shown as a link.</summary>
    public string? Href { get; init; }

    /// <summary>The form field the message is about ("name", "size"), so a form shows it next to that field.</summary>
    public string? Field { get; init; }

    public static Error Validation(string message) => new(ErrorKind.Validation, message);
    public static Error Forbidden(string message = "You do not have permission to do this.") => new(ErrorKind.Forbidden, message);
    /// <summary>Also what another tenant's data looks like: it does not exist for the caller.</summary>
    public static Error NotFound(string what) => new(ErrorKind.NotFound, $"{what} was not found, or you cannot see it.");
    public static Error Conflict(string message) => new(ErrorKind.Conflict, message);
    public static Error Unavailable(string message) => new(ErrorKind.Unavailable, message);
}

public enum ErrorKind { Validation, Forbidden, NotFound, Conflict, Unavailable }

public readonly record struct Result<T>
{
    private Result(T? value, Error? error) { Value = value; Error = error; }

    public T? Value { get; }
    public Error? Error { get; }
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);

    public T ValueOrThrow() => IsSuccess ? Value! : throw new InvalidOperationException(Error!.Message);
}

/// <summary>For commands that return nothing on success.</summary>
public readonly record struct Unit
{
    public static readonly Unit Value = new();
}

public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount)
{
    /// <summary>More rows match than <see cref="TotalCount"/>: counting stopped there (<see cref="Paging.CountUpToAsync{T}"/>), so
    /// a big table is never scanned to the end only to print its size. Show "more than <see cref="Paging.CountLimit"/>".</summary>
    public bool IsCountCapped { get; init; }
}

public sealed record PageRequest(int Page = 0, int PageSize = 25)
{
    public int Skip => Math.Max(0, Page) * Take;
    public int Take => Math.Clamp(PageSize, 1, 200);
}
