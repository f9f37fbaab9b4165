package com.example.shop;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The shop's pricing rule, an ordinary Spring Batch processor the playbooks call by name
 * ({@code processor: {type: bean, bean: orderPricing}}): adds the tax to an order's amount, and filters out
 * an order with nothing to pay. Items are the rows Playbatch's SQL reader gives, a map of column to value.
 */
@Component("orderPricing")
class OrderPricing implements ItemProcessor<Map<String, Object>, Map<String, Object>> {

    private final long taxPercent;

    OrderPricing(@Value("${shop.tax-percent:20}") long taxPercent) {
        this.taxPercent = taxPercent;
    }

    @Override
    public Map<String, Object> process(Map<String, Object> order) {
        long amount = ((Number) order.get("amount_cents")).longValue();
        if (amount <= 0) {
            return null;
        }
        Map<String, Object> priced = new LinkedHashMap<>();
        priced.put("order_id", order.get("order_id"));
        priced.put("customer", order.get("customer"));
        priced.put("total_cents", amount + amount * taxPercent / 100);
        return priced;
    }
}
