namespace Proxy.Filters.Formatting;

/// <summary>Which header map a <c>%REQ%</c>/<c>%RESP%</c>/<c>%TRAILER%</c> operator reads.</summary>
internal enum HeaderSource
{
    Request,
    Response,
    ResponseTrailer,
}
