namespace Proxy.Listeners.Inspection;

/// <summary>What an inspector concluded from the bytes seen so far.</summary>
internal enum PeekVerdict
{
    /// <summary>More bytes are needed to decide.</summary>
    NeedMoreData,

    /// <summary>Decided (positively or negatively); stop peeking.</summary>
    Done,
}
