namespace Switchyard.ControlPlane.Api;

/// <summary>
/// A request the API refuses. Thrown anywhere below an endpoint and turned into a Cloudflare error envelope
/// (<c>success:false</c>, <c>errors:[{code,message}]</c>) with <see cref="Status"/> by <see cref="ApiErrorMiddleware"/>.
/// </summary>
public sealed class ApiException(int status, int code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public int Code { get; } = code;

    public static ApiException BadRequest(int code, string message) => new(400, code, message);
    public static ApiException NotFound(int code, string message) => new(404, code, message);
    public static ApiException Conflict(int code, string message) => new(409, code, message);
    public static ApiException Unauthorized(string message = "Authentication error") => new(401, 10000, message);
    public static ApiException Forbidden(string message = "Authentication error") => new(403, 10000, message);
    public static ApiException TooLarge(int code, string message) => new(413, code, message);
}
