using Proxy.Http.Codec.Http2;

namespace Proxy.Tests.Http.Codec.Http2;

public sealed class Http2SendWindowsTests
{
    private const int DefaultWindow = 65535;

    private readonly Http2ServerConnection _server = Http2TestConnection.IdleServer();
    private readonly Http2SendWindows _windows = new();

    [Fact]
    public void A_new_connection_starts_with_the_protocol_default_stream_window()
    {
        Assert.Equal(DefaultWindow, _windows.InitialStreamWindow);
    }

    [Theory]
    [InlineData(1000, 100, 100)] // wanted is the least
    [InlineData(50, 100, 50)] // the stream's window is
    [InlineData(DefaultWindow + 10, 70000, DefaultWindow)] // the connection's is
    public void TryTake_takes_the_least_of_the_stream_window_the_connection_window_and_what_is_wanted(long streamWindow, int wanted, int expected)
    {
        var stream = Stream(streamWindow);

        Assert.Equal(expected, _windows.TryTake(stream, wanted, out var wait));

        Assert.Null(wait);
        Assert.Equal(streamWindow - expected, stream.SendWindow);
        // What is left of the connection's window is what a second stream can take.
        Assert.Equal(DefaultWindow - expected, _windows.TryTake(Stream(int.MaxValue), int.MaxValue, out _));
    }

    [Fact]
    public async Task An_empty_connection_window_gives_nothing_and_a_wait_that_AddConnection_ends()
    {
        var first = Stream(DefaultWindow);
        Assert.Equal(DefaultWindow, _windows.TryTake(first, DefaultWindow, out _));
        var stream = Stream(1000);

        Assert.Equal(0, _windows.TryTake(stream, 100, out var wait));
        Assert.NotNull(wait);
        Assert.False(wait.IsCompleted);
        Assert.Equal(1000, stream.SendWindow);

        Assert.True(_windows.AddConnection(40));
        await wait.WaitAsync(Http2TestConnection.WaitTimeout);
        Assert.Equal(40, _windows.TryTake(stream, 100, out _));
        Assert.Equal(960, stream.SendWindow);
    }

    [Fact]
    public async Task An_empty_stream_window_gives_nothing_and_a_wait_that_AddStream_ends()
    {
        var stream = Stream(0);

        Assert.Equal(0, _windows.TryTake(stream, 100, out var wait));
        Assert.NotNull(wait);
        Assert.False(wait.IsCompleted);

        // Room on the connection does not wake a stream waiting for its own window.
        Assert.True(_windows.AddConnection(10));
        Assert.False(wait.IsCompleted);

        Assert.True(_windows.AddStream(stream, 30));
        await wait.WaitAsync(Http2TestConnection.WaitTimeout);
        Assert.Equal(30, _windows.TryTake(stream, 100, out _));
    }

    [Fact]
    public void Two_waits_without_room_in_between_are_the_same_task()
    {
        var stream = Stream(0);

        _windows.TryTake(stream, 1, out var first);
        _windows.TryTake(stream, 1, out var second);

        Assert.Same(first, second);
    }

    [Fact]
    public void Wake_releases_a_waiting_stream_without_room()
    {
        var stream = Stream(0);
        _windows.TryTake(stream, 1, out var wait);

        _windows.Wake(stream);

        Assert.True(wait!.IsCompletedSuccessfully);
        Assert.Equal(0, _windows.TryTake(stream, 1, out _));
    }

    [Fact]
    public void The_connection_window_may_not_pass_2_to_the_31_minus_1()
    {
        Assert.True(_windows.AddConnection(int.MaxValue - DefaultWindow));
        Assert.False(_windows.AddConnection(1));

        // The window is unchanged by the refused increment: all of it can still be taken, no more.
        Assert.Equal(int.MaxValue, _windows.TryTake(Stream(long.MaxValue), int.MaxValue, out _));
    }

    [Fact]
    public void A_stream_window_may_not_pass_2_to_the_31_minus_1()
    {
        var stream = Stream(int.MaxValue - 10);

        Assert.False(_windows.AddStream(stream, 11));
        Assert.Equal(int.MaxValue - 10, stream.SendWindow);
        Assert.True(_windows.AddStream(stream, 10));
        Assert.Equal(int.MaxValue, stream.SendWindow);
    }

    [Fact]
    public async Task A_new_initial_window_moves_every_open_stream_by_the_difference_and_wakes_them()
    {
        var taken = Stream(DefaultWindow);
        Assert.Equal(1000, _windows.TryTake(taken, 1000, out _));
        var empty = Stream(0);
        _windows.TryTake(empty, 1, out var wait);

        Assert.True(_windows.SetInitialStreamWindow(DefaultWindow + 500, [taken, empty]));

        Assert.Equal(DefaultWindow + 500, _windows.InitialStreamWindow);
        Assert.Equal(DefaultWindow - 1000 + 500, taken.SendWindow);
        Assert.Equal(500, empty.SendWindow);
        await wait!.WaitAsync(Http2TestConnection.WaitTimeout);
    }

    [Fact]
    public void A_smaller_initial_window_can_make_a_stream_window_negative_and_then_nothing_can_be_taken()
    {
        var stream = Stream(DefaultWindow);
        Assert.Equal(60000, _windows.TryTake(stream, 60000, out _));

        Assert.True(_windows.SetInitialStreamWindow(1000, [stream]));

        Assert.Equal(5535 - 64535, stream.SendWindow);
        Assert.Equal(0, _windows.TryTake(stream, 1, out var wait));
        Assert.NotNull(wait);

        // WINDOW_UPDATEs must bring it above zero before anything is sent.
        Assert.True(_windows.AddStream(stream, 59000));
        Assert.Equal(0, _windows.TryTake(stream, 1, out _));
        Assert.True(_windows.AddStream(stream, 10));
        Assert.Equal(10, _windows.TryTake(stream, 100, out _));
    }

    [Fact]
    public void An_initial_window_that_would_take_an_open_stream_past_2_to_the_31_minus_1_is_refused_and_changes_nothing()
    {
        var full = Stream(int.MaxValue - 100);
        var other = Stream(DefaultWindow);

        Assert.False(_windows.SetInitialStreamWindow(DefaultWindow + 101, [other, full]));

        Assert.Equal(DefaultWindow, _windows.InitialStreamWindow);
        Assert.Equal(int.MaxValue - 100, full.SendWindow);
        Assert.Equal(DefaultWindow, other.SendWindow);
    }

    private Http2Stream Stream(long sendWindow) => new(_server) { SendWindow = sendWindow };
}
