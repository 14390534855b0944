namespace Portal.Domain.Common;

/// <summary>A rule of the domain was broken (an illegal transition, an invalid name).
/// The message is written for the user who caused it.</summary>
public sealed class DomainException(string message) : Exception(message);
