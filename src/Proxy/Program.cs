namespace Proxy;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("proxy: not wired yet");
        return 1;
    }
}
