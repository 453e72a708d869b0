namespace Switchyard.ControlPlane.Api;

/// <summary>Builds enveloped results for endpoints.</summary>
public static class ApiResults
{
    public static IResult Ok(object? result, ResultInfo? info = null, int status = 200) =>
        Results.Json(new ApiEnvelope(true, [], [], result) { ResultInfo = info }, ApiJson.Options, statusCode: status);

    public static IResult Error(int status, int code, string message) =>
        Results.Json(new ApiEnvelope(false, [new ApiError(code, message)], [], null), ApiJson.Options, statusCode: status);
}
