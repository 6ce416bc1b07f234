package dev.tunnelgate;

import dev.tunnelgate.agent.AgentMain;
import dev.tunnelgate.configcli.ConfigCli;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class Application {
    public static void main(String[] args) {
        // First, before any Spring class is touched: a gateway runs the same jar without the portal.
        if (args.length > 0 && args[0].equals("agent")) {
            AgentMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // Likewise a pipeline's `config diff|apply FILE`: a client of the portal's API, not a portal.
        if (args.length > 0 && args[0].equals("config")) {
            ConfigCli.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(Application.class, args);
    }
}
