using System.Net;

namespace SimLap.Tracking.Rest;

/// <summary>
/// An MLflow REST call failed: the server answered an error (<see cref="StatusCode"/> and, for JSON errors,
/// <see cref="ErrorCode"/> such as <c>RESOURCE_DOES_NOT_EXIST</c>), or no answer came at all (<see cref="StatusCode"/>
/// is null: connection refused, reset or timed out). Messages never contain credentials.
/// </summary>
public sealed class MlflowApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, already redacted.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The request path without the query string.</param>
    /// <param name="statusCode">The HTTP status, or null when the server did not answer.</param>
    /// <param name="errorCode">MLflow's <c>error_code</c>, when the answer was a JSON error.</param>
    /// <param name="serverMessage">MLflow's <c>message</c>, when the answer was a JSON error.</param>
    /// <param name="innerException">The network error, if any.</param>
    public MlflowApiException(
        string message, string method, string path, HttpStatusCode? statusCode, string? errorCode, string? serverMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method;
        Path = path;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP method of the failed call.</summary>
    public string Method { get; }

    /// <summary>The request path (no query string).</summary>
    public string Path { get; }

    /// <summary>The HTTP status; null when no answer came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>MLflow's error code (<c>RESOURCE_DOES_NOT_EXIST</c>, <c>INVALID_PARAMETER_VALUE</c>, ...), if the body was a JSON error.</summary>
    public string? ErrorCode { get; }

    /// <summary>MLflow's error message, if the body was a JSON error (wording changes between MLflow versions).</summary>
    public string? ServerMessage { get; }

    /// <summary>True for failures worth retrying: no answer, 429 and 5xx.</summary>
    public bool IsTransient => StatusCode is null or HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;

    /// <summary>True when the server did not answer at all.</summary>
    public bool IsUnreachable => StatusCode is null;
}
