using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;

namespace MailHub.Host.Api;

/// <summary>
/// A grain call that failed because the node running the grain went away (killed, or stopping) is a 503 with
/// Retry-After, not a 500: the cluster moves the grain to a live node within seconds, so the same request succeeds then.
/// The command may have been carried out just before the node died, so the words ask to look before repeating it.
/// </summary>
internal sealed class NodeUnavailableHandler(IProblemDetailsService problems, ILogger<NodeUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not OrleansMessageRejectionException)
            return false;
        logger.LogWarning("{Method} {Path}: the node running its grain went away ({Reason}); answered 503", httpContext.Request.Method,
            httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A MailHub node went away while this request ran",
                Detail = "The node handling it stopped; another node takes over within seconds. Try again in a moment "
                    + "(if it was a change, check first whether it shows: it may have been saved just before).",
            },
        });
    }
}
