package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shop's batch application: its own tables, its own Spring Batch jobs and its own {@link OrderPricing}
 * processor. With the Playbatch starter on its class path, the playbooks under {@code classpath:/playbooks/}
 * are jobs of this application too (docs/spring.md).
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
