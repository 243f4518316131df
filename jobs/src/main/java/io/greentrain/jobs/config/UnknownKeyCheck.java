package io.greentrain.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects every path that is not a registered key, so a misspelt key fails the job at start
 * instead of being silently ignored:
 * {@code unknown configuration key 'greentrain.trian.epochs' (did you mean 'greentrain.train.epochs'?)}.
 * Fields of the objects inside list keys are checked by their {@link ObjectSchema}, not here.
 */
final class UnknownKeyCheck {

    private final List<String> keyPaths;
    private final Set<String> sectionPaths = new HashSet<>();

    private UnknownKeyCheck(List<ConfigKey<?>> keys) {
        this.keyPaths = keys.stream().map(ConfigKey::path).toList();
        for (String path : keyPaths) {
            for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
                sectionPaths.add(path.substring(0, dot));
            }
        }
    }

    /**
     * Walks the whole configuration; every path must be a registered key or a section holding
     * keys (an object such as {@code greentrain.train}). Keys are visited in sorted order, so the
     * same mistake is always reported first.
     *
     * @throws ConfigException for the first unknown key, with a suggestion when one is close, or
     *                         for a section that is not an object
     */
    static void rejectUnknownKeys(Config config, List<ConfigKey<?>> keys) {
        new UnknownKeyCheck(keys).walk(config.root(), null);
    }

    private void walk(ConfigObject section, String sectionPath) {
        for (String name : new TreeSet<>(section.keySet())) {
            String path = childPath(sectionPath, name);
            ConfigValue value = section.get(name);
            if (keyPaths.contains(path)) {
                continue;
            }
            if (!sectionPaths.contains(path)) {
                String unknown = firstLeafPath(path, value);
                throw new ConfigException("unknown configuration key '" + unknown + "'"
                        + ClosestMatch.hint(keyPaths, unknown));
            }
            if (value.valueType() != ConfigValueType.OBJECT) {
                throw ValueReader.wrongType(path, "an object holding keys", value);
            }
            walk((ConfigObject) value, path);
        }
    }

    /** For an unknown object, the path of its first leaf: the whole key the user meant to set. */
    private static String firstLeafPath(String path, ConfigValue value) {
        if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
            ConfigObject object = (ConfigObject) value;
            String first = new TreeSet<>(object.keySet()).first();
            return firstLeafPath(childPath(path, first), object.get(first));
        }
        return path;
    }

    private static String childPath(String parentPath, String name) {
        String element = ConfigUtil.joinPath(name);
        return parentPath == null ? element : parentPath + "." + element;
    }
}
