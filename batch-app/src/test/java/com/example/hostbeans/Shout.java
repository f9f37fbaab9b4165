package com.example.hostbeans;

import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/** A host application's component, outside Playbatch's packages, made callable by playbatch.beans.packages. */
@Component("shout")
public class Shout implements Function<Map<String, Object>, Object> {

    @Override
    public Object apply(Map<String, Object> args) {
        return String.valueOf(args.get("text")).toUpperCase();
    }
}
