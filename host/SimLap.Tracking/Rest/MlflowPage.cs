namespace SimLap.Tracking.Rest;

/// <summary>One page of a paged answer.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items (empty when the server answered <c>{}</c>).</param>
/// <param name="NextPageToken">The opaque token of the next page; null on the last page.</param>
public sealed record MlflowPage<T>(IReadOnlyList<T> Items, string? NextPageToken);
